"""Stage 1: read the period's inputs (status sheets, EU funding exports), check them, load them."""
