"""FIT files: decoding (``decode``) and turning sessions into activities (``activities``)."""
