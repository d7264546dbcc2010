"""Lists of state secrets shipped as data (the demo's fictitious list)."""
