"""Adapters: turn files and trackers into core models, and tags back into API calls."""
