"""The report's accessibility statement, `accessibility.html` in each language (law 306/2019).

It follows the model statement of the Finnish supervisory authority: the conformance status
(full, partial or none against WCAG 2.1 AA), the content that is not accessible with the reason,
how that was evaluated, when the statement was prepared and last reviewed, where to send
feedback, and the enforcement body. The city's facts come from publication.yml
(`analysis.publication`); the known gaps of the pages themselves are stated here, from
locales/accessibility.yml, and the city may add its own. The page comes from the same report
notebook as the others, in the same frame, so both renderers give it.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.publication import Contact, Publication
from analysis.report import pages
from analysis.report.data import ReportData
from analysis.report.html import (
    MAIN,
    Html,
    esc,
    facts,
    language_links,
    link,
    page_top,
    part,
    section,
)
from analysis.report.pages import Page
from analysis.report.provenance import footer, footer_links, workbook_anchor

# The gaps of every report seuranta writes, each with its reason (catalogue keys).
GAPS = ("a11y.gap.charts", "a11y.gap.language", "a11y.gap.files")


@dataclass(frozen=True, eq=False)
class AccessibilityStatement:
    """The statement of the report whose overview is `overview`."""

    data: ReportData
    overview: Page
    publication: Publication

    @property
    def page(self) -> Page:
        return self.overview.on(pages.ACCESSIBILITY, self.overview.t("a11y.page_title"))

    def html(self) -> Html:
        """The whole page: header, the statement's sections, the footer."""
        page, facts_of = self.page, self.publication.accessibility
        publisher = self.publication.publisher.get(page.lang) or page.t("a11y.publisher")
        dates = (
            page.t(
                "a11y.dates",
                prepared=page.long_date(facts_of.prepared),
                reviewed=page.long_date(facts_of.reviewed),
            )
            if facts_of.prepared and facts_of.reviewed
            else ""
        )
        intro = f"<p>{esc(page.t('a11y.intro', publisher=publisher))}</p>"
        gaps = [page.t(key) for key in GAPS] + [gap[page.lang] for gap in facts_of.gaps]
        gap_list = "".join(f"<li>{esc(gap)}</li>" for gap in gaps)
        feedback = (
            self._contact(facts_of.feedback)
            if facts_of.feedback
            else f"<p>{esc(page.t('a11y.feedback_missing'))}</p>"
        )
        body = [
            self._header(),
            '<div class="sr-statement">',  # a short text: printed without a page per section
            intro + (f"<p>{esc(dates)}</p>" if dates else ""),
            self._section("status", f"<p>{esc(page.t(f'a11y.status.{facts_of.conformance}'))}</p>"),
            self._section("gaps", f'<ul class="sr-gaps">{gap_list}</ul>'),
            self._section("method", f"<p>{esc(page.t('a11y.method'))}</p>"),
            self._section("feedback", f"<p>{esc(page.t('a11y.feedback'))}</p>{feedback}"),
            self._section(
                "enforcement",
                f"<p>{esc(page.t('a11y.enforcement'))}</p>" + self._contact(facts_of.enforcement),
            ),
            "</div>",
            self._footer(),
        ]
        return part("\n".join(body), page)

    def _header(self) -> str:
        """A skip link, links back to the overview, to this page in the other languages and to
        the workbook, then the title."""
        page = self.page
        overview = link(pages.href(page.path, pages.INDEX), page.t("report.title"))
        return (
            '<header class="sr-header">'
            f"{page_top(page, [overview, *language_links(page), workbook_anchor(page)])}"
            f'<h1 id="{MAIN}" tabindex="-1">{esc(page.t("a11y.heading"))}</h1>'
            f'<p class="sr-subtitle">{esc(page.t("report.title"))}</p>'
            "</header>"
        )

    def _section(self, name: str, body: str) -> str:
        heading = self.page.t(f"a11y.{name}.heading")
        return section(f"sr-a11y-{name}", heading, body, section_id=f"sr-a11y-{name}-section")

    def _contact(self, contact: Contact) -> str:
        """A contact as a list of facts: name, then email, phone and web address as given (as
        text: the pages link to no address outside the report)."""
        page = self.page
        pairs = [(page.t("a11y.contact.name"), contact.name[page.lang])]
        pairs += [
            (page.t(f"a11y.contact.{kind}"), value)
            for kind, value in (("email", contact.email), ("phone", contact.phone),
                                ("web", contact.web))
            if value
        ]  # fmt: skip
        return f'<dl class="sr-facts">{facts(pairs)}</dl>'

    def _footer(self) -> str:
        page = self.page
        pairs = [(page.t("footer.rendered"), page.long_date(page.rendered_on))]
        return footer(page, self.data.status_names, pairs, extra=footer_links(page))
