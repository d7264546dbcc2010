"""Fixtures for the records tests."""


import pytest



