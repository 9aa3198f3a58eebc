"""Pure renderers: a Backlog (or fits) in, text out. The surfaces decide where it goes."""
