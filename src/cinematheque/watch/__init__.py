"""Watch now: where to watch by region, trailers, and playing a member's own copy
from the operator's library folders."""
