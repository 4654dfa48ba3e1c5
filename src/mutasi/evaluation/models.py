"""Models of the evaluation stage."""
