"""Printed documents (PDF): one renderer class per document, built from dataclasses, returning
bytes. No Qt here; fonts come from resources/fonts/ and are embedded as subsets."""
