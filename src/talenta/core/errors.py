"""Exceptions shared by the apps, importable without Django's app registry (readers and rules use them)."""


class JobError(Exception):
    """A job failure whose message is written for people (shown on the job page as it is)."""
