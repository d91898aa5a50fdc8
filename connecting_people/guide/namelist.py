"""The given names the check for unregistered names looks for: the list shipped by the gender-guesser
package (Jörg Michael's name dictionary, some 45,000 first names from Britain, Ireland and the rest of the
world, GNU FDL). We use only the names, never the genders. Read once per process."""

from __future__ import annotations

from functools import cache

from gender_guesser.detector import Detector

from connecting_people.lib.anonymise import fold


@cache
def given_names() -> frozenset[str]:
    return frozenset(fold(name) for name in Detector(case_sensitive=False).names)
