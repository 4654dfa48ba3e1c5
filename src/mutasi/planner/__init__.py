"""Pure planning engine: no Django import anywhere below this package."""
