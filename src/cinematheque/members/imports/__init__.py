"""History in and out: imports of Letterboxd and IMDb exports (parse → match → apply,
with a report per batch) and the member's export."""
