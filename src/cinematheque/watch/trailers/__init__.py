"""Trailers and teasers on the film page, behind a facade that asks nothing of
YouTube or Vimeo until the visitor presses play."""
