"""HTTP: blueprints per area. Views parse the request, call one domain function, render."""
