"""Who may see what: viewers and their scopes, access grants (private links), and the site key.

Below the views (which read data through a viewer's scope) and the server (which signs people in);
it needs only the store.
"""
