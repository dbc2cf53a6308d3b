"""The scheduled jobs: each athlete's morning (sync, score, the day's session on the watch, the
morning message), the weekly insights batch and plan adaptation, on Huey."""
