"""What the apps show: altair charts and display tables built from trainer frames (no marimo here)."""
