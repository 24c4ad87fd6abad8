"""The site's one bar chart: a label longer than the drawing has room for is shortened in the SVG
(where it would be cut off at the edge), while the description and the table beside it keep it whole."""
import re


def test_a_long_label_is_shortened_in_the_svg_and_whole_in_the_table(app):
    long = "Work training or traineeships for people far from the labour market"
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "impact/_chart.html" import bar_chart with context %}'
            '{{ bar_chart("c", "Title", "Desc.", rows, "value", "Answers", digits=0) }}')
        html = template.render(rows=[{"label": long, "value": 15}, {"label": "Advice", "value": 3}])
    labels = re.findall(r'<text class="bar-label"[^>]*>([^<]*)', html)
    assert labels[1] == "Advice"
    assert len(labels[0]) <= 41 and labels[0].endswith("…") and long.startswith(labels[0][:-1].rstrip())
    assert f"<title>{long}</title>" in html  # the whole label on hover
    assert f'<th scope="row">{long}</th>' in html and f"{long}: 15." in html
