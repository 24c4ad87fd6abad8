"""Every weight and constant of the scorer, in one place (``WEIGHTS`` is the default instance).
How they combine is said in scoring.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """Every weight and constant of the scorer, in one place."""

    # Match: class compatibility combined with wording as a noisy-or.
    w_class: float = 1.0        # scale of the class feature in the match (1.0 = as is)
    w_text: float = 0.8         # share of the text feature in the match (text alone reaches this)
    w_text_alone: float = 0.9  # two classed listings without a class link: match = this * text
    # Context: weighted mean of quantity, timing and frequency fit (weights normalised by their sum).
    w_quantity: float = 0.13    # offer quantity vs need quantity (convertible units)
    w_timing: float = 0.11      # availability windows overlap
    w_frequency: float = 0.11   # same or compatible frequency
    neutral: float = 0.75       # value of a context feature that cannot be judged
    context_floor: float = 0.6  # the context never takes more than 40% off the match

    # Class compatibility by "can serve as" path length (0 = same class, 1, 2 edges), times the
    # geometric mean of the two classes' confidences (1.0 when given, inferred otherwise).
    # The confidence enters as (conf_offer * conf_need) ** confidence_power.
    path_scores: tuple = (1.0, 0.9, 0.7)
    # The same to a use (``use:heating``): a class that serves the use itself (surplus heat for
    # heating) is a good link; one that reaches it only through another class (pallets -> biomass
    # fuel -> heating) is a guess, below a direct link even with distance against the direct one.
    use_path_scores: tuple = (1.0, 0.9, 0.5)
    confidence_power: float = 0.5
    class_min_confidence: float = 0.4   # inferred classes below this confidence are ignored
    use_confidence: float = 0.9         # a use's confidence is scaled by this (cues, not names)
    # Role and direction (matching/intent.py): equipment for a resource or a service around it is
    # not the resource (a chipper is not chips), and an output of a process a need names is not
    # what it needs (finished compost for a composting site). Such a class link is scaled by these.
    role_mismatch: float = 0.4
    direction_mismatch: float = 0.35
    # Social needs (mentoring, work training, language practice ...): the score is scaled by the
    # offer's intent: a social partner 1.0, no intent read, a commercial lookalike (an agency, a fee).
    social_neutral: float = 0.85
    social_commercial: float = 0.65
    max_inferred_classes: int = 3       # at most this many inferred classes per listing

    # Text: similarity / text_saturation, capped at 1 (short texts rarely reach a cosine of 1).
    # The similarity mixes the word cosine and the character 3-5-gram cosine (TF-IDF both).
    text_char_share: float = 0.7
    text_power: float = 0.5             # text feature = min(1, sim / text_saturation) ** text_power
    text_saturation: float = 0.3
    text_reason_min: float = 0.35       # text feature value from which a "similar wording" reason shows
    text_alone_min: float = 0.35        # a pair where one side has no class needs this text feature
    text_link_min: float = 0.5          # two classed listings without a class link need this text

    # Distance: factor = 1 / (1 + (km / half_km) ** distance_shape): gentle within the county,
    # half at half_km. half_km comes from the offered class (half_km_class) or else its group.
    # Bulky materials are hauled 20-80 km routinely (the county is ~100 km across); heat loses
    # half its value within ~8 km (pipes, losses); skills and advice barely decay.
    distance_shape: float = 2.0
    half_km: tuple = (
        ("materials", 70.0), ("energy", 60.0), ("water", 20.0), ("equipment", 80.0),
        ("premises", 30.0), ("transport", 100.0), ("services", 120.0), ("competence", 400.0),
        ("staff_time", 60.0), ("social", 60.0),
    )
    half_km_class: tuple = (
        ("surplus_heat", 15.0), ("space_heating", 15.0), ("greenhouse_heat", 15.0), ("steam", 10.0),
        ("process_cooling", 12.0), ("biogas", 40.0), ("solar_electricity", 300.0),
        # someone who takes over a business moves for it; a study visit is a bus trip for a class
        ("business_successor", 300.0), ("study_visits", 120.0),
    )
    default_half_km: float = 40.0       # no class known
    unknown_distance_factor: float = 0.8
    distance_reason_min: float = 0.5    # factor from which "N km apart" is given as a reason
    same_place_km: float = 1.0          # closer than this reads "in the same place"

    # Quantity: ratio = offer / need (same dimension, annualised when both recur).
    quantity_fit_max_ratio: float = 3.0  # 1..this -> 1.0 ("quantities fit")
    quantity_oversize: float = 0.8       # offer far bigger than the need
    quantity_reason_min: float = 0.5     # partial cover from 50% shows as a reason

    # Timing: overlapping windows -> 1.0; otherwise 0.5 ** (gap_days / timing_half_days).
    timing_half_days: float = 30.0

    # Frequency: same -> 1.0; continuous vs recurring -> compatible; once vs recurring -> mismatch.
    frequency_compatible: float = 0.7
    frequency_mismatch: float = 0.2

    # Output.
    min_score: float = 0.1               # suggestions below this are not returned
    network_threshold: float = 0.45      # pairs used for assignment and chains
    network_top: int = 10                # candidate pairs per listing considered by network views

    # Candidate search (candidates.py).
    max_scored: int = 300                # stop the best-first search after this many scored
    rare_term_max_df: int = 30           # a term in at most this many listings is "rare"
    max_rare_terms: int = 40             # rarest posted terms (words, char 4-grams) of a query used
    text_pool: int = 40                  # text neighbours scored per query (by shared rare terms)
    max_text_candidates: int = 300       # a query without any class: listings sharing its words

    def path_table(self, need_class: str) -> tuple:
        """``path_scores``, or ``use_path_scores`` when the need's end of the link is a use."""
        return self.use_path_scores if need_class.startswith("use:") else self.path_scores

    def decay(self, km: float, half: float) -> float:
        """The distance factor at ``km`` for a half-distance ``half`` (decreasing in km)."""
        x = km / half
        return 1.0 / (1.0 + x ** self.distance_shape)

    def half_km_for_class(self, class_id: str, group: str | None) -> float:
        for name, value in self.half_km_class:
            if name == class_id:
                return value
        return self.half_km_for(group)

    def half_km_for(self, group: str | None) -> float:
        for name, value in self.half_km:
            if name == group:
                return value
        return self.default_half_km

    @property
    def context_total(self) -> float:
        return self.w_quantity + self.w_timing + self.w_frequency


WEIGHTS = Weights()
