"""trainer: recovery scores, workload and training recommendations from Garmin data.

The data's journey is the package layout: ``store`` (database) -> ``demo`` (synthetic
athletes) -> ``scoring`` (recovery, load, zones, recommendation) -> ``cli`` (commands).
Nothing here imports marimo; ``notebooks/`` wires widgets to these functions.
"""

__version__ = "0.1.0"
