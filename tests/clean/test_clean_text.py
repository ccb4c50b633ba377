"""clean_text on scraped text the tests build: each rule, the positional passes, the audit."""

from __future__ import annotations

from storyfuse.clean import clean_text

LEAD = (
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers."
)
BODY = (
    "Work on the first section of the barrier is expected to begin next spring, officials "
    "said in a statement released after the vote."
)
CLOSE = "The project will be reviewed again when the first section is finished next year."


def between_lead_and_body(paragraphs: list[str]):
    """The paragraphs cleaned as an article's middle, between LEAD and BODY."""
    return clean_text("\n\n".join([LEAD, *paragraphs, BODY]))


def rules_of(cleaned) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for removal in cleaned.removed:
        out.setdefault(removal.rule, []).append(removal.text)
    return out


def test_clean_text_keeps_plain_article_untouched():
    text = f"{LEAD}\n\n{BODY}\n\n{CLOSE}\n"
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY, CLOSE]
    assert cleaned.removed == []
    assert cleaned.title is None


def test_title_from_first_line_and_leading_metadata_prefix():
    text = f"Council backs flood defence plan\n\n date 2024-02-01 {LEAD}\n\n{BODY}"
    cleaned = clean_text(text)
    assert cleaned.title == "Council backs flood defence plan"
    assert cleaned.published == "2024-02-01"
    assert cleaned.paragraphs[0] == LEAD
    moved = {r.rule: r.moved_to for r in cleaned.removed}
    assert moved == {"title": "title", "leading-metadata": "published"}


def test_published_line_byline_and_reading_time_become_metadata():
    text = (
        "Published: 5 March 2024, 10:15 GMT\nBy Ana Lima and Tom Berg\n4 min read\n\n"
        f"{LEAD}\n\n{BODY}"
    )
    cleaned = clean_text(text)
    assert cleaned.published == "2024-03-05T10:15:00+00:00"
    assert cleaned.authors == ["Ana Lima", "Tom Berg"]
    assert cleaned.paragraphs == [LEAD, BODY]


def test_advertising_and_share_and_newsletter_lines_are_removed():
    text = (
        f"{LEAD}\n\nAdvertisement\n\n{BODY}\n\nADVERTISEMENT Continue reading the main story\n\n"
        "Share this article\n\nFacebook Twitter Email\n\n"
        "Sign up for our morning newsletter to get the best stories in your inbox\n\n"
        f"{CLOSE}"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY, CLOSE]
    rules = rules_of(cleaned)
    assert len(rules["advertising"]) == 2
    assert len(rules["share-prompt"]) == 2
    assert rules["newsletter-prompt"]


def test_sentences_about_subscriptions_are_not_prompts():
    sentence = "The company said two million people had subscribed to its newsletter since May."
    cleaned = clean_text(f"{LEAD}\n\n{sentence}\n\n{BODY}")
    assert sentence in cleaned.paragraphs


def test_site_notices_to_the_reader_are_removed():
    notices = [
        "We've detected that JavaScript is disabled in your browser.",
        "Please check your email and click on the link to activate your profile.",
        "3 articles remaining this month. Thank you for reading!",
        "Breaking News Emails: get breaking news alerts and special reports.",
        "Please enable cookies on your web browser in order to continue.",
    ]
    cleaned = between_lead_and_body(notices)
    assert cleaned.paragraphs == [LEAD, BODY]
    assert rules_of(cleaned)["site-notice"] == notices


def test_news_about_browsers_and_accounts_is_not_a_site_notice():
    news = [
        "Google said Chrome users who update their browsers are protected from the flaw.",
        "You can create an account on the agency's website to apply for the benefit.",
        "The bank said customers could log in to their accounts again after the outage.",
        "She plans to continue reading to her class every morning.",
    ]
    cleaned = between_lead_and_body(news)
    assert cleaned.paragraphs == [LEAD, *news, BODY]


def test_photo_credit_and_caption_sentences_are_removed():
    text = (
        "Storm closes mountain pass\n\nREUTERS (File Photo)\n\n"
        "This picture taken on June 3, 2021, shows the pass covered in snow.\n\n"
        f"{LEAD}\n\nRescue teams search the area on Monday. (AP Photo/Jane Doe)\n\n{BODY}"
    )
    cleaned = clean_text(text)
    rules = rules_of(cleaned)
    assert rules["caption-credit"] == ["REUTERS (File Photo)"]
    assert len(rules["caption"]) == 2
    assert cleaned.paragraphs == [LEAD, BODY]


def test_sentences_mentioning_images_are_kept():
    kept = [
        "Satellite images released by the agency showed damage to the port.",
        "This combination of factors made the deal attractive to investors.",
        "Officials said the speed limit of 50 (km/h) would stay in place.",
    ]
    cleaned = between_lead_and_body(kept)
    assert cleaned.paragraphs == [LEAD, *kept, BODY]


def test_widget_text_run_into_a_paragraph_is_cut_and_the_paragraph_kept():
    widgets = [
        "Media playback is unsupported on your device Media caption",
        "Advertisement Continue reading the main story",
        "Enlarge this image toggle caption Jane Doe/AP Jane Doe/AP",
        "Image copyright Reuters Image caption",
        "Story highlights",
        "(Photo: Jane Doe, AP)",
    ]
    for widget in widgets:
        cleaned = clean_text(f"{widget} {LEAD}\n\n{BODY}")
        assert cleaned.paragraphs == [LEAD, BODY], widget
        assert rules_of(cleaned) == {"run-in-furniture": [widget]}


def test_widget_text_alone_or_with_a_caption_is_removed_whole():
    lines = {
        "Media playback is unsupported on your device": "video-caption",
        "Enlarge this image toggle caption City Hall City Hall": "run-in-furniture",
        "Enlarge this image toggle caption Jane Doe/AP /Pool Jane Doe/AP /Pool": "run-in-furniture",
        (
            "Image copyright Jane Doe Image caption Transport officials advised that no trains "
            "are expected to run in the area for the rest of the day"
        ): "caption",
    }
    for line, rule in lines.items():
        cleaned = clean_text(f"{LEAD}\n\n{line}\n\n{BODY}")
        assert cleaned.paragraphs == [LEAD, BODY], line
        assert rules_of(cleaned) == {rule: [line]}


def test_sentences_opening_with_widget_words_are_kept():
    kept = [
        "Close to 300 people gathered outside the council offices on Tuesday.",
        "Advertisement revenue at the broadcaster fell by a tenth last year.",
        "Image rights for the players are now negotiated by the league itself.",
        "Continue reading this report, the judge told the clerk, and stopped.",
        "Media captioning for deaf viewers was extended to every channel this year.",
    ]
    cleaned = between_lead_and_body(kept)
    assert cleaned.paragraphs == [LEAD, *kept, BODY]


def test_video_widget_line_is_removed_but_live_blog_entry_kept():
    widget = "03:12 Mayor visits the flooded district Mayor visits the flooded district"
    live = "09:45 The mayor arrived at the flooded district and spoke to residents."
    cleaned = clean_text(f"{LEAD}\n\n{widget}\n\n{live}\n\n{BODY}")
    assert widget not in cleaned.paragraphs
    assert live in cleaned.paragraphs


def test_related_heading_with_bulleted_headlines_and_summaries():
    text = (
        f"{LEAD}\n\n{BODY}\n\nMore from World News\n\n"
        "  • Heatwave closes schools across the south\n\n"
        "    More than a thousand schools shut on Tuesday as temperatures rose.\n\n"
        "  • Court suspends the transport minister\n\n"
        "    The court ruled on Friday that the minister must step aside.\n\n"
        "Opinion\n"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY]
    assert len(rules_of(cleaned)["related-list"]) == 6  # heading, 2 items, 2 summaries, "Opinion"


def test_related_heading_does_not_swallow_the_story_after_its_links():
    text = (
        f"{LEAD}\n\nDON'T MISS\nBridge reopens after repairs [VIDEO]\n"
        f"Ferry strike called off at last minute [INSIGHT]\n{BODY}\n{CLOSE}"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY, CLOSE]


def test_read_more_links_tags_and_end_markers():
    text = (
        f"{LEAD}\n\nRead more: Flood barriers fail in neighbouring town\n\n{BODY}\n\n"
        "Topics: floods, council, engineering\n\n###"
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY]
    assert set(rules_of(cleaned)) == {"read-more-link", "tags", "end-marker"}


def test_trailing_headline_list_is_removed_but_introduced_list_kept():
    headlines = "\n".join(
        f"- {h}"
        for h in (
            "Heatwave grips the south as schools close early",
            "Court suspends the transport minister pending inquiry",
        )
    )
    cleaned = clean_text(f"{LEAD}\n\n{BODY}\n\n{headlines}\n")
    assert cleaned.paragraphs == [LEAD, BODY]
    assert len(rules_of(cleaned)["headline-list"]) == 2

    demands = "The unions listed their demands:\n- Higher wages for night shifts\n- Shorter weeks"
    cleaned = clean_text(f"{LEAD}\n\n{demands}\n")
    assert "Higher wages for night shifts" in cleaned.text


def test_trailing_credits_become_metadata():
    text = f"{LEAD}\n\n{BODY}\n\nAdditional reporting by Kyodo and AFP\n\n(Source: The Herald)"
    cleaned = clean_text(text)
    assert cleaned.paragraphs == [LEAD, BODY]
    assert [(c.kind, c.name) for c in cleaned.credits] == [
        ("additional-reporting", "Kyodo"),
        ("additional-reporting", "AFP"),
        ("source", "The Herald"),
    ]
    assert all(r.moved_to == "credits" for r in cleaned.removed)


def test_trailing_agency_acronym_and_inline_credit():
    cleaned = clean_text(f"{LEAD}\n\n{BODY}\n\nEFE")
    assert [(c.kind, c.name) for c in cleaned.credits] == [("agency", "EFE")]
    cleaned = clean_text(f"{LEAD}\n\n{BODY} (ANSA)")
    assert cleaned.paragraphs[-1] == BODY
    assert [(c.kind, c.name) for c in cleaned.credits] == [("agency", "ANSA")]


def test_trailing_navigation_words_after_the_story():
    cleaned = clean_text(f"{LEAD}\n\n{BODY}\n\nObituaries\nCrosswords")
    assert cleaned.paragraphs == [LEAD, BODY]
    assert rules_of(cleaned)["trailing-navigation"] == ["Obituaries", "Crosswords"]


def test_short_text_is_not_eaten_by_tail_rules():
    cleaned = clean_text("Ferry strike ends")
    assert cleaned.paragraphs == ["Ferry strike ends"]


def test_datelines_of_several_styles():
    cases = {
        "OSLO (AP) — The government resigned on Monday after losing a vote.": ("OSLO", "AP"),
        "PORTLAND, Ore. (Reuters) - Three people were hurt in a fire at a plant.": (
            "PORTLAND, Ore.",
            "Reuters",
        ),
        "Nairobi: The central bank raised rates by half a point on Tuesday.": ("Nairobi", None),
        "GENEVA -- Talks resumed on Wednesday with both delegations present.": ("GENEVA", None),
        "(Bloomberg) — Shares fell sharply in early trading on Friday morning.": (
            None,
            "Bloomberg",
        ),
        "THE HAGUE (AP) _ Judges opened the trial of two former officers.": ("THE HAGUE", "AP"),
    }
    for paragraph, (place, agency) in cases.items():
        cleaned = clean_text(f"{paragraph}\n\n{BODY}")
        assert cleaned.dateline == place, paragraph
        assert cleaned.paragraphs[0][0].isupper()
        assert cleaned.paragraphs[0].endswith(paragraph.split(" ", 4)[-1])
        assert [c.name for c in cleaned.credits if c.kind == "dateline"] == (
            [agency] if agency else []
        )


def test_colon_labels_are_not_datelines():
    for paragraph in (
        "Update: The road has now reopened to traffic in both directions.",
        "Dear Editor: I write about the state of the roads in our town.",
    ):
        cleaned = clean_text(f"{paragraph}\n\n{BODY}")
        assert cleaned.dateline is None
        assert cleaned.paragraphs[0] == paragraph


def test_duplicate_title_dropped_when_title_is_known():
    cleaned = clean_text(f"Council Backs Plan\n\n{LEAD}", title="Council backs plan")
    assert cleaned.paragraphs == [LEAD]
    assert rules_of(cleaned) == {"duplicate-title": ["Council Backs Plan"]}


def test_immediate_duplicate_paragraph_removed_far_repeat_kept():
    repeat = "What inspired you to start cooking for other people every week?"
    cleaned = clean_text(f"{LEAD}\n\n{BODY}\n\n{BODY}\n\n{repeat}\n\n{CLOSE}\n\n{repeat}")
    assert cleaned.paragraphs == [LEAD, BODY, repeat, CLOSE, repeat]
    assert rules_of(cleaned) == {"duplicate-paragraph": [BODY]}


def test_hard_wrapped_text_is_rejoined():
    wrapped = (
        "The regional council approved a new flood defence\n"
        "plan on Thursday after months of debate among\n"
        "residents and engineers.\n"
        "Work will begin next spring, officials said in a\n"
        "statement released after the vote."
    )
    cleaned = clean_text(wrapped)
    assert cleaned.paragraphs == [
        "The regional council approved a new flood defence plan on Thursday after months of "
        "debate among residents and engineers.",
        "Work will begin next spring, officials said in a statement released after the vote.",
    ]


def test_front_matter_fields():
    text = f"---\ntitle: Council backs plan\ndate: 2024-02-01\nsource: The Herald\n---\n\n{LEAD}"
    cleaned = clean_text(text)
    assert cleaned.fields == {
        "title": "Council backs plan",
        "date": "2024-02-01",
        "source": "The Herald",
    }
    assert cleaned.paragraphs == [LEAD]


def test_removals_record_line_numbers_of_the_input():
    text = f"{LEAD}\n\nAdvertisement\n\n{BODY}"
    (removal,) = clean_text(text).removed
    assert (removal.rule, removal.line, removal.text) == ("advertising", 3, "Advertisement")


def test_rules_off_only_normalises():
    text = f"{LEAD}\n\nAdvertisement\n\n{BODY}\u00a0\u200b"
    cleaned = clean_text(text, rules=False)
    assert cleaned.paragraphs == [LEAD, "Advertisement", BODY]
    assert cleaned.removed == []


def test_subheading_with_a_media_word_is_not_a_credit():
    subheading = "Images show burning wreckage in wooded area"
    cleaned = clean_text(f"{LEAD}\n\n{subheading}\n\n{BODY}")
    assert subheading in cleaned.paragraphs


def test_a_plural_caption_label_is_a_credit_only_with_a_separator():
    prose = "Image captions written by volunteers now describe every photo in the archive."
    cleaned = clean_text(f"{LEAD}\n\n{prose}\n\nPhoto credits: AP, Reuters\n\n{BODY}")
    assert cleaned.paragraphs == [LEAD, prose, BODY]
    assert rules_of(cleaned) == {"caption-credit": ["Photo credits: AP, Reuters"]}


def test_wire_continuation_markers_are_end_markers_not_credits():
    cleaned = clean_text(f"{LEAD}\n\n{BODY}\n\n(MORE)\n\n___")
    assert cleaned.credits == []
    assert rules_of(cleaned) == {"end-marker": ["(MORE)", "___"]}


def test_consecutive_headings_are_not_joined_as_wrapped_text():
    headings = ["Ferry strike called off after a long night", "Unions and ministers agree to meet"]
    cleaned = clean_text(f"{LEAD}\n\n" + "\n".join(headings) + f"\n\n{BODY}")
    assert cleaned.paragraphs == [LEAD, *headings, BODY]
    cleaned = clean_text("Ferry strike called off\nTalks to resume on Monday")
    assert cleaned.paragraphs == ["Ferry strike called off", "Talks to resume on Monday"]


def test_wire_datelines_after_a_headline_or_in_a_digest():
    text = (
        "Council Backs Flood Plan\n\n"
        "ARLES, France (AP) -- The regional council approved the flood plan on Thursday.\n\n"
        "Ferry Strike Ends\n\n"
        "MARSEILLE (Reuters) - Ferry crews returned to work after a three-day strike.\n\n"
        "NICE (AP) -- The airport reopened on Friday after the storm had passed.\n\n"
        "Note: The council meets again in March to vote on the budget for the defences."
    )
    cleaned = clean_text(text)
    assert cleaned.dateline == "ARLES, France"
    assert "The regional council approved the flood plan on Thursday." in cleaned.paragraphs
    assert "Ferry crews returned to work after a three-day strike." in cleaned.paragraphs
    # Only the wire form (with an agency) is split after the first paragraph.
    assert cleaned.paragraphs[-1].startswith("Note: The council")
    assert "The airport reopened on Friday after the storm had passed." in cleaned.paragraphs
    # One credit per agency, however many of its datelines.
    assert [c.name for c in cleaned.credits if c.kind == "dateline"] == ["AP", "Reuters"]
