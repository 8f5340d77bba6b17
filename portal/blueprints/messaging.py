"""The page of one secure message thread, shared by the patient area and the office area: the
messages (marked read for their addressee) and the answer form."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import current_actor
from portal.care import CareError, messages
from portal.extensions import db
from portal.forms import ReplyForm, show_error
from portal.models import MessageThread


def thread_page(thread: MessageThread, template: str, endpoint: str, sent: str):
    form = ReplyForm()
    status = 200
    if form.validate_on_submit():
        try:
            messages.reply(db.session, current_actor(), current_user, thread, form.body.data)
        except CareError as error:
            db.session.rollback()
            show_error(form, str(error.message), error.field)
            status = error.status
        else:
            flash(sent, "success")
            return redirect(url_for(endpoint, thread_id=thread.id))
    elif form.is_submitted():
        status = 400
    shown = messages.read(db.session, current_actor(), current_user, thread)
    return render_template(template, thread=thread, shown=shown, form=form), status
