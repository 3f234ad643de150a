"""What answers add up to: how a journey's answers are scored with its own themes (theme_sets), the rollups the map
and dashboards read instead of scanning answers (rollups, rollup_reads), rescoring stored answers (rescoring) and
close the loop, which tells a stage's owner about a low answer (close_the_loop). Imports delivery, triggers,
scoring, storage, models, common and config.
"""
