"""Benchmarks that print numbers (a real server process, real clients, real speech).

May import anything below the command line.
"""
