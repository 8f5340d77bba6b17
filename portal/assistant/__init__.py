"""The assistant's domain in the portal, kept together: answers (asking the `faq` engine,
conversations, personal answers, the handover to a person), masking (de-identifying what
is logged), log (the support console's log, exports, dashboard and retention), review (the
review queue, review actions, staff-approved phrasings) and contact_requests ("contact me").
"""
