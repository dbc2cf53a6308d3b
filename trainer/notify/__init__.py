"""The morning message: each athlete told that their morning is ready (with the check-in and
dashboard links), and each coach a digest of who needs a look, through Apprise (email, ntfy,
Telegram, Signal, Matrix, Slack, Pushover and a hundred more from one URL).

Above the views (the digest says what the squad table says) and below the server and the
command line, which run ``send_due``.
"""
