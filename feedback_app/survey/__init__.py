"""The customer's side: questionnaires as data files (questionnaires), the one-time link (links, link_tickets, questionnaire_cache), and
answering a survey as one use case that validates, scores and stores the answer with its rollups in one
transaction (answering). Imports insight, storage, models, common and config.
"""
