"""Stage 3: the workbooks the project writes: indicators.xlsx and next period's status sheets."""
