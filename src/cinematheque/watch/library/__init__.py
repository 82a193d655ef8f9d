"""The operator's library of films: folders, scans, what file names say, and which
catalogue film each file is (`names`, `nfo`, `matching`, `scan`; `cli` and `admin`
for operators)."""
