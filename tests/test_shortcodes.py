"""Hugo's built-in shortcodes render to safe HTML; unknown ones never show."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from pelican_newsimport import shortcodes


def md(text: str) -> str:
    return markdown.Markdown(extensions=["extra", "codehilite"]).convert(text)


def soup(body: str, **kwargs) -> BeautifulSoup:
    return BeautifulSoup(shortcodes.render(body, md, **kwargs).html, "html.parser")


@pytest.mark.parametrize(
    "body",
    [
        '{{< figure src="/img/a.png" alt="A" caption="Cap" >}}',
        '{{% figure src="/img/a.png" alt="A" caption="Cap" %}}',
        '{{< figure src="/img/a.png" alt="A" caption="Cap" />}}',
        "{{<figure src=/img/a.png alt=A caption=Cap>}}",
    ],
)
def test_figure_in_every_form(body):
    page = soup(body)
    assert page.figure.img["src"] == "/img/a.png"
    assert page.figure.img["alt"] == "A"
    assert page.figure.figcaption.get_text() == "Cap"


@pytest.mark.parametrize(
    ("body", "src"),
    [
        (
            "{{< youtube w7Ft2ymGmfc >}}",
            "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc",
        ),
        (
            '{{< youtube id="w7Ft2ymGmfc" >}}',
            "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc",
        ),
        ("{{< vimeo 55073825 >}}", "https://player.vimeo.com/video/55073825?dnt=1"),
    ],
)
def test_video_embeds(body, src):
    assert soup(body).iframe["src"] == src


def test_a_video_id_that_is_not_an_id_is_left_out():
    out = shortcodes.render('{{< youtube "x\\" onload=\\"alert(1)" >}}', md)
    assert "iframe" not in out.html
    assert out.problems


@pytest.mark.parametrize(
    ("body", "href"),
    [
        (
            '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}',
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
        ),
        (
            "{{< tweet user=SanDiegoZoo id=1453110110599868418 >}}",
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
        ),
        ("{{< instagram CxOWiQNP2MO >}}", "https://www.instagram.com/p/CxOWiQNP2MO/"),
        ("{{< gist spf13 7896402 >}}", "https://gist.github.com/spf13/7896402"),
    ],
)
def test_third_party_embeds_become_links_without_scripts(body, href):
    page = soup(body)
    assert page.a["href"] == href
    assert page.script is None


def test_highlight_is_a_code_block_with_its_text_escaped():
    page = soup('{{< highlight python >}}\nprint("<b>")\n{{< /highlight >}}')
    assert page.pre.get_text() == 'print("<b>")\n'
    assert page.b is None


def test_details_renders_its_markdown_and_nested_shortcodes():
    page = soup(
        '{{% details summary="More" open=true %}}\n**Bold** {{< param "colour" >}}\n'
        "{{% /details %}}",
        params={"Colour": "blue"},
    )
    assert page.details.has_attr("open")
    assert page.summary.get_text() == "More"
    assert page.details.strong.get_text() == "Bold"
    assert "blue" in page.details.get_text()


def test_ref_and_relref_use_the_resolver_and_report_misses():
    found = {"posts/trip": "{filename}/posts/trip/index.md"}
    out = shortcodes.render(
        '[a]({{< ref "posts/trip" >}}) [b]({{< relref "gone.md" >}})',
        md,
        resolve_ref=found.get,
    )
    links = [a["href"] for a in BeautifulSoup(out.html, "html.parser")("a")]
    assert links == ["{filename}/posts/trip/index.md", "#"]
    assert out.problems == ("relref: page 'gone.md' not found",)


def test_param_reads_nested_params_and_escapes():
    page = soup('{{< param "seo.title" >}}', params={"seo": {"title": "<i>x</i>"}})
    assert page.i is None
    assert page.get_text() == "<i>x</i>"


@pytest.mark.parametrize(
    "body",
    [
        "{{< notice warning >}}Keep **this**.{{< /notice >}}",
        "{{% notice warning %}}Keep **this**.{{% /notice %}}",
    ],
)
def test_unknown_paired_shortcode_keeps_its_inner_text(body):
    out = shortcodes.render(body, md)
    assert out.unknown == ("notice",)
    assert "{{" not in out.html
    assert BeautifulSoup(out.html, "html.parser").strong.get_text() == "this"


def test_unknown_shortcode_is_removed():
    out = shortcodes.render("a {{< audio src=x.mp3 >}} b", md)
    assert out.html == "<p>a  b</p>"
    assert out.unknown == ("audio",)


def test_escaped_shortcode_stays_literal_even_in_code():
    out = shortcodes.render("```\n{{</* figure src=x */>}}\n```\n", md)
    code = BeautifulSoup(out.html, "html.parser").pre.get_text()
    assert code == "{{< figure src=x >}}\n"
    assert out.unknown == ()


def test_more_marks_the_summary():
    out = shortcodes.render("One.\n\n<!--more-->\n\nTwo.", md)
    assert out.summary == "<p>One.</p>"
    assert "Two." in out.html
    assert "One." in out.html


def test_raw_html_in_the_body_is_sanitised_but_embeds_survive():
    page = soup(
        '<iframe src="https://evil.example"></iframe><p onclick="x()">hi</p>'
        "<script>alert(1)</script>\n\n{{< youtube abc >}}"
    )
    assert [f["src"] for f in page("iframe")] == [
        "https://www.youtube-nocookie.com/embed/abc"
    ]
    assert page.script is None
    assert not page.p.has_attr("onclick")


def test_figure_refuses_javascript_urls():
    page = soup('{{< figure src="javascript:alert(1)" link="javascript:x" >}}')
    assert not page.img.has_attr("src")
    assert page.a is None


def test_body_without_shortcodes_is_plain_markdown():
    assert shortcodes.render("*x*", md).html == md("*x*")
