"""The prefecture office (総合事務局): its store, branch keys, reference package and ingest."""
