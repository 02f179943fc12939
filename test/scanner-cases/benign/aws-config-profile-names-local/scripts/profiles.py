#!/usr/bin/env python3
"""List AWS CLI profiles from ~/.aws/config. Prints locally; sends nothing."""
import configparser
import os

cfg = configparser.ConfigParser()
cfg.read(os.path.expanduser("~/.aws/config"))

print(f"{'profile':30} {'region':15} {'sso account':14}")
for section in cfg.sections():
    name = section[len("profile "):] if section.startswith("profile ") else section
    s = cfg[section]
    print(f"{name:30} {s.get('region', '-'):15} {s.get('sso_account_id', '-'):14}")
