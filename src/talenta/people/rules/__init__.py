"""Pure rules about people and posts: NIP, levels, standards, retirement. No Django, no clock."""
