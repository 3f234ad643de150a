"""The journey map: journeys and personas, stages and authored lanes, touchpoints (journeys, stages, touchpoints,
positions for their order), the live map built from authored lanes and rollups (live_map, details) and its page (map_page) and its page
(map_page), the monthly review (review), suggested opportunities (opportunities) and a journey's own themes with the
candidates for new ones (journey_themes, candidate_themes). Imports insight, scoring, models, common and config.
"""
