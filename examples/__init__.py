"""Writers of the shipped, fictitious example inputs under data/raw/ (`make example-data`)."""
