"""Fixtures shared by the test modules: the browser tests' site and Chromium set-up, defined in sitekit.py."""

from sitekit import browser_context_args, browser_type_launch_args, site_url, tab

__all__ = ["browser_context_args", "browser_type_launch_args", "site_url", "tab"]
