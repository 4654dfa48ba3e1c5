"""Models of the demo stage."""
