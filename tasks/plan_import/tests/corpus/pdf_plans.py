def build_all(**kwargs):
    return []
