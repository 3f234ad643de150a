"""What CX managers read and download: the dashboards (dashboards) and their Altair charts (charts and one module per
chart family), exports to PNG/SVG/PDF (exports) and the response browser with its CSV (response_browser) and its
page's filter menus (browser_page). Imports insight, triggers, scoring, models, common and config.
"""
