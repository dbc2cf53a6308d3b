"""The athlete's day: which date is today for them, which settings score it, what it says, and who
needs a look. Decided here, once; every face (the dashboard and its early card, the squad and the
front door, ``trainer today``, the morning job, the watch, the messages) asks this room and renders
what it answers.

- ``clock``: now, and each athlete's local today from it.
- ``settings``: the team's settings, a study arm's, or one person's marked what-if.
- ``answer``: the day itself as one value (score, status, advice, limits, the words).
- ``attention``: who needs a look and why: one rule, one wording, one count.
"""
