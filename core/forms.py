"""What every app's forms share: crispy-forms lays them out (crispy-bootstrap5), the page
template writes the <form> tag, the CSRF token and the buttons."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field
from django import forms


def inner_helper(**options) -> FormHelper:
    """A FormHelper for a form rendered inside the page's own <form>: crispy writes the
    fields, their labels, help texts and errors (tied with aria-describedby), not the tag."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    for name, value in options.items():
        setattr(helper, name, value)
    return helper


def segmented_field(name: str) -> Field:
    """A short scale (1 to 5) as one row of toggle buttons rather than a column of radios: it
    fits a phone. Still radios (arrow keys move along the row) in a fieldset whose legend is the
    question, each button naming its value and its word (`includes/segmented_field.html`)."""
    return Field(name, template="includes/segmented_field.html")


class FilterForm(forms.Form):
    """The form of a list's FilterSet: the filters side by side above the list. The page's
    GET <form class="row"> holds them and the button."""

    columns = "col-12 col-sm-6 col-lg-3"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper(wrapper_class=self.columns)
