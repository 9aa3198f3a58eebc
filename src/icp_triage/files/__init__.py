"""Reading users' files (text, YAML) and describing what is wrong in them: shared by
``config`` and ``adapters``, which must not import each other."""
