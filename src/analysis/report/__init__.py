"""Stage 3: the report pages, built from the finished tables and rendered to self-contained HTML."""
