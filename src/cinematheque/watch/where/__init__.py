"""Where to watch a film, by region: TMDB's offers (data by JustWatch) grouped as
stream, free, with ads, rent and buy, loaded beside the cached film page as a
region-keyed fragment, with a region switcher and a scheduled refresh from TMDB."""
