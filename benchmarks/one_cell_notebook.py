"""The plain alternative for bench_published.py: marimo's smallest page (one cell, one line of text),
served by ``marimo run`` itself. How soon a browser shows it bounds how soon any marimo page can."""

import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    mo.md("<span class='trainer-status'>one cell</span>")
    return


if __name__ == "__main__":
    app.run()
