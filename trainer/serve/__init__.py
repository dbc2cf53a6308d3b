"""The published app: trainer's own front door in front of the marimo notebooks.

- ``viewer``: who is looking and what they may see (the scope every read checks);
- ``grants``: the private links people are given (issue, list, revoke, verify);
- ``keys``: the site key that signs session cookies and makes research pseudonyms;
- ``gate``: the ASGI middleware that turns a cookie into a viewer and closes what marimo
  should not expose;
- ``pages``: the front door, login and refusal pages; ``app``: the ASGI app that mounts it all.
"""
