"""Demo editorial content shipped with cinematheque: ten well-known films of the bundled
catalogue and two collections, written for this project by its authors.

Facts were taken from general reference works; every sentence is our own. The sources
cited are the public reference pages that document each claim. No access date is
recorded for them, because none was checked at load time: an editor who checks a source
should add the date in the admin. Everything here is loaded with `is_demo=True`.
"""

from __future__ import annotations

from typing import Any

WIKIPEDIA = "Wikipedia"


def wiki(title: str, page: str) -> dict[str, str]:
    return {
        "title": title,
        "publisher": WIKIPEDIA,
        "url": f"https://en.wikipedia.org/wiki/{page}",
    }


def wikidata(title: str, qid: str) -> dict[str, str]:
    return {
        "title": title,
        "publisher": "Wikidata",
        "url": f"https://www.wikidata.org/wiki/{qid}",
    }


FILMS: list[dict[str, Any]] = [
    {
        "wikidata": "Q42198",
        "slug": "heat-1995",
        "expertise": "crime cinema",
        "tagline": "Two professionals, one city, and a cup of coffee between them "
        "before the shooting starts.",
        "synopsis": (
            "Neil McCauley runs a small, disciplined crew of thieves in Los Angeles "
            "and lives by one rule: never get attached to anything you could not "
            "leave behind in half a minute. Lieutenant Vincent Hanna leads the "
            "robbery-homicide squad that picks up the crew's trail after an "
            "armoured-car job turns into a triple killing.\n\n"
            "Hanna is as consumed by the hunt as McCauley is by the work, and as both "
            "men close in on one more score, the people who love them are left "
            "waiting at home."
        ),
        "analysis": (
            "Michael Mann is less interested in who wins than in how each man does "
            "his job. The film spends its time on procedure: the crew rehearsing, "
            "the detectives reading a crime scene, the two sides watching each other "
            "through binoculars across a container yard at night. Both leads are "
            "defined by competence, and both pay for it in the same currency, a "
            "private life that keeps slipping out of reach.\n\n"
            "Los Angeles is the third lead. Mann shoots it as a city of glass, "
            "freeways and cold blue light, wide and empty even when it is full of "
            "people. The famous conversation in the coffee shop sits near the "
            "middle of the film, and it works because it is so quiet: two men who "
            "would kill each other admit, politely, that they have nothing else.\n\n"
            "The downtown shoot-out that follows the bank robbery is the other "
            "reason people return to *Heat*. It is staged with a clarity of "
            "geography rare in action films: you always know where everyone is, "
            "which makes every advance and retreat feel costly."
        ),
        "spoilers": (
            "McCauley has his way out. He is in the car with Eady, minutes from the "
            "plane, when he learns where Waingro is hiding, and he turns off the "
            "freeway. It is the one time he breaks his own rule, and it kills him.\n\n"
            "The last chase through the lights of the airport field ends with Hanna "
            "shooting McCauley and then holding his hand as he dies. The film does "
            "not call it a victory: the two men end as the only ones who understood "
            "each other."
        ),
        "complexity": (
            2,
            "The plot is a clear cops-and-robbers chase, but the film runs close to "
            "three hours with a large cast and several home-life subplots; the "
            "payoffs reward attention.",
        ),
        "advisory": {
            "summary": "Contains: strong violence and language",
            "minimum_age": 15,
            "violence": (
                "severe",
                "A long street gunfight with automatic weapons; "
                "several killings at close range.",
            ),
            "sex": ("mild", "Sexual situations between couples; little nudity."),
            "language": ("severe", "Frequent strong language."),
            "substances": ("mild", "Drinking and smoking; some drug references."),
            "frightening": (
                "moderate",
                "A teenager's suicide attempt is shown, and "
                "a murdered young woman is found.",
            ),
        },
        "faq": [
            (
                "Is Heat based on a true story?",
                "Partly. Neil McCauley was a real Chicago criminal of the 1960s, and "
                "Chuck Adamson, the detective who tracked him down, later worked "
                "with Michael Mann as a writer. Mann first told a version of the "
                "story in the television film *L.A. Takedown* (1989).",
            ),
            (
                "Do Al Pacino and Robert De Niro act together in Heat?",
                "Yes, in two scenes: the conversation over coffee about halfway "
                "through, and the final chase. Both had parts in *The Godfather "
                "Part II* (1974), as Michael and the young Vito, who never meet, so "
                "*Heat* is the first film in which they play opposite each other.",
            ),
            (
                "Why does the downtown shoot-out sound so real?",
                "It was shot on real downtown streets, and the gunfire recorded on "
                "location, echoing off the office towers, was kept in the final "
                "mix instead of being replaced by studio effects.",
            ),
        ],
        "claims": [
            {
                "kind": "production",
                "text": "The downtown shoot-out was filmed on location in the "
                "business district of Los Angeles, over several weekends when the "
                "streets could be closed.",
                "verification": "verified",
                "sources": [wiki("Heat (1995 film)", "Heat_(1995_film)")],
            },
            {
                "kind": "trivia",
                "text": "Heat reworks L.A. Takedown (1989), a television film that "
                "Michael Mann wrote and directed from the same material.",
                "verification": "verified",
                "sources": [
                    wiki("L.A. Takedown", "L.A._Takedown"),
                    wikidata("Heat (Q42198)", "Q42198"),
                ],
            },
            {
                "kind": "trivia",
                "text": "Pacino and De Niro are both in the cast of The Godfather "
                "Part II (1974), playing a son and his father a generation apart; "
                "they never meet on screen there.",
                "verification": "verified",
                "sources": [wiki("The Godfather Part II", "The_Godfather_Part_II")],
            },
            {
                "kind": "trivia",
                "text": "Heat was the first film to feature both Al Pacino and "
                "Robert De Niro.",
                "verification": "unverified",
                "sources": [],
                "key": "first-together",
            },
        ],
    },
    {
        "wikidata": "Q47703",
        "slug": "the-godfather-1972",
        "expertise": "crime cinema",
        "tagline": "A family business, handed down with love, loyalty and a body count.",
        "synopsis": (
            "New York, 1945. While his daughter's wedding fills the garden, Don Vito "
            "Corleone receives favour-seekers in his study. When he refuses to back "
            "a rival's move into narcotics, an attempt on his life pulls his "
            "youngest son Michael, a decorated veteran who wanted no part of the "
            "family trade, into the business, and Michael turns out to be very good "
            "at it."
        ),
        "analysis": (
            "Francis Ford Coppola films a gangster story as an immigrant saga about "
            "family, belonging and inheritance. Gordon Willis's photography keeps "
            "faces in shadow, lit from above, so that even the warmest scenes feel "
            "watched. The spine of the film is Michael's change, from the outsider "
            "at the wedding to the man who gives the orders, and Al Pacino plays it "
            "with almost no visible effort, which is what makes it frightening."
        ),
        "spoilers": (
            "The baptism sequence, in which Michael renounces Satan in church while "
            "his men murder the heads of the other families, states the film's "
            "argument in one cut after another. The closing image, a door shutting "
            "on Kay, tells us what his success has cost."
        ),
        "complexity": (
            2,
            "Long, with many characters and family ties to keep straight early on, "
            "but the story is told clearly and in order.",
        ),
        "advisory": {
            "summary": "Contains: strong violence",
            "minimum_age": 15,
            "violence": (
                "severe",
                "Shootings, a garrotting and a savage beating, shown in detail.",
            ),
            "sex": ("moderate", "A sex scene and brief nudity."),
            "language": ("moderate", "Some strong language."),
            "substances": ("mild", "Drinking and smoking throughout."),
            "frightening": (
                "moderate",
                "A man wakes to find a severed horse's head in his bed.",
            ),
        },
        "faq": [
            (
                "Is The Godfather based on a book?",
                "Yes, on Mario Puzo's 1969 novel of the same name. Puzo wrote the "
                "screenplay with Francis Ford Coppola.",
            ),
            (
                "Who plays Vito Corleone?",
                "Marlon Brando. He won the Academy Award for Best Actor for the role "
                "and declined it.",
            ),
            (
                "Should I watch The Godfather before Part II?",
                "Yes. *Part II* continues Michael's story directly and assumes you "
                "know the family and what happened to it in the first film.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "The Godfather won the Academy Award for Best Picture at "
                "the 45th Academy Awards.",
                "verification": "verified",
                "sources": [wiki("45th Academy Awards", "45th_Academy_Awards")],
            },
            {
                "kind": "trivia",
                "text": "Marlon Brando declined his Best Actor award; Sacheen "
                "Littlefeather appeared at the ceremony in his place to explain why.",
                "verification": "verified",
                "sources": [wiki("45th Academy Awards", "45th_Academy_Awards")],
            },
            {
                "kind": "production",
                "text": "Nino Rota's score lost its Oscar nomination because part of "
                "its love theme had been used in an earlier film he scored.",
                "verification": "verified",
                "sources": [wiki("The Godfather", "The_Godfather")],
            },
        ],
    },
    {
        "wikidata": "Q644987",
        "slug": "chinatown-1974",
        "expertise": "crime cinema",
        "tagline": "A private eye follows the water, and the water leads where he "
        "should never have gone.",
        "synopsis": (
            "Los Angeles, 1937. J. J. Gittes makes a comfortable living "
            "photographing unfaithful spouses, until a job for a woman calling "
            "herself Mrs Mulwray draws him into the death of the city's chief water "
            "engineer, a drought that is not what it seems, and a family with more "
            "power than any detective can handle."
        ),
        "analysis": (
            "Robert Towne's script takes the shape of a 1940s detective story and "
            "moves it into daylight and colour. The crime is civic before it is "
            "personal: who owns the water owns the future of the city. Jack "
            "Nicholson plays Gittes as a man who is clever about everything except "
            "the scale of what he is up against, and spends half the film with a "
            "bandage on his nose to prove it."
        ),
        "spoilers": (
            "Everything Gittes uncovers only makes things worse. In the street in "
            "Chinatown, Evelyn is shot as she tries to escape, and Noah Cross leaves "
            "with the girl he fathered with his own daughter. The police tell Gittes "
            "to walk away, and the film ends with the powerful untouched."
        ),
        "complexity": (
            3,
            "A slow-burning mystery with a land-and-water conspiracy at its heart; "
            "the revelations arrive late and depend on details planted early.",
        ),
        "advisory": {
            "summary": "Contains: violence and disturbing themes",
            "minimum_age": 15,
            "violence": (
                "moderate",
                "A knife to the nose, beatings and a fatal shooting.",
            ),
            "sex": ("mild", "A brief sex scene; little nudity."),
            "language": ("moderate", "Some strong language and period slurs."),
            "substances": ("mild", "Drinking and smoking."),
            "frightening": (
                "severe",
                "Incest and sexual abuse are central to the plot's revelation.",
            ),
        },
        "faq": [
            (
                "Who wrote Chinatown?",
                "Robert Towne. His screenplay won the Academy Award for Best "
                "Original Screenplay.",
            ),
            (
                "Is Chinatown based on real events?",
                "Loosely. The water scheme echoes the real struggle over the water "
                "that Los Angeles took from the Owens Valley early in the twentieth "
                "century, but the characters and the crime are invented.",
            ),
            (
                "Why is it called Chinatown?",
                "Gittes once worked as a policeman there, and the district stands "
                "for everything he could not understand or fix. Only the last scene "
                "takes place in it.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Robert Towne won the Academy Award for Best Original "
                "Screenplay for Chinatown.",
                "verification": "verified",
                "sources": [wiki("47th Academy Awards", "47th_Academy_Awards")],
            },
            {
                "kind": "production",
                "text": "Roman Polanski, the director, plays the small thug who "
                "slits Gittes's nostril.",
                "verification": "verified",
                "sources": [wiki("Chinatown (1974 film)", "Chinatown_(1974_film)")],
            },
            {
                "kind": "trivia",
                "text": "A sequel, The Two Jakes, directed by and starring Jack "
                "Nicholson, followed in 1990.",
                "verification": "verified",
                "sources": [wiki("The Two Jakes", "The_Two_Jakes")],
            },
        ],
    },
    {
        "wikidata": "Q222720",
        "slug": "fargo-1996",
        "expertise": "crime cinema",
        "tagline": "Polite small talk, deep snow, and a kidnapping that goes wrong "
        "at every step.",
        "synopsis": (
            "A Minneapolis car salesman, short of money and out of ideas, hires two "
            "criminals to kidnap his own wife so that her wealthy father will pay "
            "the ransom. The plan falls apart almost at once, and the killings that "
            "follow bring Marge Gunderson, the heavily pregnant police chief of "
            "Brainerd, onto the case."
        ),
        "analysis": (
            "The Coen brothers mix comedy and horror so evenly that a scene can be "
            "both at once. The flat white landscape and the relentless good manners "
            "of the people in it make the violence stranger, not softer. Marge, "
            "patient and kind and sharper than anyone gives her credit for, is the "
            "moral centre of a film full of people who keep making things worse."
        ),
        "spoilers": "",
        "complexity": (
            1,
            "A clear, linear story with a small cast; the deadpan humour is the "
            "only thing that may take a moment to tune into.",
        ),
        "advisory": {
            "summary": "Contains: bloody violence and strong language",
            "minimum_age": 15,
            "violence": (
                "severe",
                "Shootings and a gruesome scene with a wood chipper.",
            ),
            "sex": ("moderate", "A sex scene with nudity."),
            "language": ("severe", "Frequent strong language."),
            "substances": ("mild", "Drinking and smoking."),
            "frightening": ("moderate", "A kidnapped woman is held by violent men."),
        },
        "faq": [
            (
                "Is Fargo really a true story?",
                "No. The opening titles say it is, but the plot was invented; the "
                "claim is part of the film's straight-faced joke.",
            ),
            (
                "Who plays Marge Gunderson?",
                "Frances McDormand, who won the Academy Award for Best Actress for "
                "the role.",
            ),
            (
                "Is the Fargo television series a sequel?",
                "Not directly. The series that began in 2014 tells new stories in "
                "the same region and tone, with only a few links to the film.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Frances McDormand won Best Actress, and Joel and Ethan Coen "
                "Best Original Screenplay, at the 69th Academy Awards.",
                "verification": "verified",
                "sources": [wiki("69th Academy Awards", "69th_Academy_Awards")],
            },
            {
                "kind": "trivia",
                "text": "Although the film is named after Fargo, North Dakota, only "
                "its opening scene is set there; most of the story happens in "
                "Minnesota.",
                "verification": "verified",
                "sources": [wiki("Fargo (1996 film)", "Fargo_(1996_film)")],
            },
            {
                "kind": "production",
                "text": "The 'true story' notice in the opening titles is fiction.",
                "verification": "verified",
                "sources": [wiki("Fargo (1996 film)", "Fargo_(1996_film)")],
            },
        ],
    },
    {
        "wikidata": "Q104123",
        "slug": "pulp-fiction-1994",
        "expertise": "crime cinema",
        "tagline": "Hitmen, a boxer and a briefcase, told out of order and never out "
        "of breath.",
        "synopsis": (
            "Over a few days in Los Angeles, two talkative hitmen run an errand for "
            "their boss, one of them takes the boss's wife out for the evening, and "
            "a boxer who was paid to lose a fight decides to win it. The stories "
            "cross and double back on each other, and the film tells them out of "
            "order."
        ),
        "analysis": (
            "Quentin Tarantino builds the film from conversations: about burgers, "
            "foot massages, pocket watches and miracles. The violence arrives "
            "abruptly, in the middle of talk, which is why it shocks. The shuffled "
            "structure is not a puzzle to solve so much as a way of giving every "
            "story a different ending, including a man who dies in one chapter and "
            "walks away in another."
        ),
        "spoilers": "",
        "complexity": (
            3,
            "The stories are told out of chronological order, and a character who "
            "dies in one section returns later; easy to follow moment to moment, "
            "harder to assemble.",
        ),
        "advisory": {
            "summary": "Contains: strong violence, drug use and language",
            "minimum_age": 18,
            "violence": (
                "severe",
                "Shootings at close range, some played for dark comedy.",
            ),
            "sex": ("mild", "Sexual references; brief nudity."),
            "language": ("severe", "Constant strong language, including racial slurs."),
            "substances": ("severe", "Heroin use shown in detail, and an overdose."),
            "frightening": ("severe", "A sexual assault in a shop basement."),
        },
        "faq": [
            (
                "In what order do the events of Pulp Fiction happen?",
                "In story order: the apartment hit and its clean-up come first, "
                "then the diner hold-up, then Vincent's evening with Mia, and last "
                "the boxer's story. The film opens and closes in the diner, in the "
                "middle of that sequence.",
            ),
            (
                "What is in the briefcase?",
                "The film never says. We only see a glow when it is opened; it is a "
                "pure plot device, left open on purpose.",
            ),
            (
                "Did Pulp Fiction win the Palme d'Or?",
                "Yes, at the 1994 Cannes Film Festival. It also won the Academy "
                "Award for Best Original Screenplay.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Pulp Fiction won the Palme d'Or at the 1994 Cannes Film "
                "Festival.",
                "verification": "verified",
                "sources": [
                    wiki("1994 Cannes Film Festival", "1994_Cannes_Film_Festival")
                ],
            },
            {
                "kind": "trivia",
                "text": "Quentin Tarantino and Roger Avary shared the Academy Award "
                "for Best Original Screenplay.",
                "verification": "verified",
                "sources": [wiki("67th Academy Awards", "67th_Academy_Awards")],
            },
            {
                "kind": "trivia",
                "text": "The title refers to the cheap pulp magazines of the "
                "mid-twentieth century and their lurid crime stories.",
                "verification": "verified",
                "sources": [wiki("Pulp Fiction", "Pulp_Fiction")],
            },
        ],
    },
    {
        "wikidata": "Q110203",
        "slug": "collateral-2004",
        "expertise": "crime cinema",
        "tagline": "One taxi, one night in Los Angeles, and five stops the driver "
        "never agreed to.",
        "synopsis": (
            "Max has driven a cab in Los Angeles for twelve years while planning the "
            "limousine company he never quite starts. Tonight his fare is Vincent, a "
            "courteous man in a grey suit who pays for the whole night. At the first "
            "stop a body lands on the cab's roof, and Max learns what Vincent does "
            "for a living."
        ),
        "analysis": (
            "Michael Mann's second great Los Angeles film is almost a chamber piece: "
            "two men in a car, arguing about how to live. The digital cameras see "
            "the city at night as no film stock of the time could, orange sky and "
            "empty boulevards, and a pair of coyotes crossing the road in the "
            "middle of it all."
        ),
        "spoilers": "",
        "complexity": (
            1,
            "A single night told in order, with two characters at its centre.",
        ),
        "advisory": {
            "summary": "Contains: strong violence and language",
            "minimum_age": 15,
            "violence": (
                "severe",
                "Many shootings, some at close range, including a nightclub massacre.",
            ),
            "sex": ("none", ""),
            "language": ("severe", "Frequent strong language."),
            "substances": ("mild", "Drinking; drug trade in the background."),
            "frightening": (
                "moderate",
                "Sustained menace against an unwilling hostage.",
            ),
        },
        "faq": [
            (
                "Who plays the hitman in Collateral?",
                "Tom Cruise plays Vincent, a rare villain for him; Jamie Foxx plays "
                "Max, the driver.",
            ),
            (
                "Was Collateral shot on digital video?",
                "Largely, yes. Michael Mann used high-definition digital cameras "
                "for much of the night-time shooting, and film for some scenes.",
            ),
            (
                "Is Collateral connected to Heat?",
                "Not in story. Both are Michael Mann crime films set in Los Angeles, "
                "and they make a good double bill.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Jamie Foxx was nominated for the Academy Award for Best "
                "Supporting Actor for playing Max.",
                "verification": "verified",
                "sources": [wiki("77th Academy Awards", "77th_Academy_Awards")],
            },
            {
                "kind": "production",
                "text": "Much of the film was shot with high-definition digital "
                "cameras, unusual for a large studio feature in 2004.",
                "verification": "verified",
                "sources": [wiki("Collateral (film)", "Collateral_(film)")],
            },
            {
                "kind": "production",
                "text": "The screenplay is credited to Stuart Beattie.",
                "verification": "verified",
                "sources": [wiki("Collateral (film)", "Collateral_(film)")],
            },
        ],
    },
    {
        "wikidata": "Q133654",
        "slug": "the-silence-of-the-lambs-1991",
        "expertise": "thrillers",
        "tagline": "To catch one killer, a trainee has to listen to another.",
        "synopsis": (
            "Clarice Starling, a trainee at the FBI academy, is sent to interview Dr "
            "Hannibal Lecter, a brilliant psychiatrist imprisoned for murder, in the "
            "hope that he will help profile a killer who is abducting young women. "
            "Lecter agrees, but only in exchange for pieces of Clarice's own past."
        ),
        "analysis": (
            "Jonathan Demme shoots the conversations between Clarice and Lecter in "
            "close-ups that look almost straight into the lens, so the audience "
            "sits where each of them sits. The film is also about a young woman "
            "working among men who size her up at every turn, and Jodie Foster "
            "makes Clarice's steadiness feel earned."
        ),
        "spoilers": "",
        "complexity": (
            2,
            "A police investigation told in order; the tension, not the plot, is "
            "what asks the most of a viewer.",
        ),
        "advisory": {
            "summary": "Contains: disturbing violence",
            "minimum_age": 18,
            "violence": ("severe", "Graphic killings and mutilated bodies."),
            "sex": ("mild", "Nudity in a disturbing, non-sexual context."),
            "language": ("moderate", "Some strong language and crude remarks."),
            "substances": ("none", ""),
            "frightening": (
                "severe",
                "Long sequences of terror, including a search in total darkness.",
            ),
        },
        "faq": [
            (
                "Is The Silence of the Lambs based on a novel?",
                "Yes, on Thomas Harris's 1988 novel. Harris's earlier book *Red "
                "Dragon*, which introduced Lecter, was filmed by Michael Mann as "
                "*Manhunter* (1986).",
            ),
            (
                "How long is Anthony Hopkins on screen?",
                "Not long: estimates usually put it at around a quarter of an hour, "
                "yet he won the Academy Award for Best Actor.",
            ),
            (
                "Is it a horror film?",
                "It is a thriller built like a police procedural, but it uses the "
                "tools of horror, and its final act is as frightening as anything "
                "in the genre.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "It is one of three films to have won all five main Academy "
                "Awards: picture, director, actor, actress and screenplay.",
                "verification": "verified",
                "sources": [wiki("64th Academy Awards", "64th_Academy_Awards")],
            },
            {
                "kind": "trivia",
                "text": "Anthony Hopkins is on screen for about sixteen minutes.",
                "verification": "unverified",
                "sources": [
                    wiki(
                        "The Silence of the Lambs (film)",
                        "The_Silence_of_the_Lambs_(film)",
                    )
                ],
            },
            {
                "kind": "trivia",
                "text": "Red Dragon, the novel that introduced Lecter, had been "
                "filmed by Michael Mann as Manhunter (1986), with Brian Cox as "
                "Lecter.",
                "verification": "verified",
                "sources": [wiki("Manhunter (film)", "Manhunter_(film)")],
            },
        ],
    },
    {
        "wikidata": "Q103569",
        "slug": "alien-1979",
        "expertise": "science fiction",
        "tagline": "A cargo crew answers a distress call. Something answers back.",
        "synopsis": (
            "The commercial towing ship Nostromo is heading home when its computer "
            "wakes the seven crew members to investigate a signal from an "
            "unexplored moon. What one of them brings back on board turns the "
            "ship's narrow corridors into a hunting ground."
        ),
        "analysis": (
            "Ridley Scott treats his crew as workers on a long shift, arguing about "
            "bonuses, before he treats them as victims, and that ordinariness is "
            "what makes the horror land. H. R. Giger's designs give the creature and "
            "the derelict ship a biology no one in the audience had seen before, "
            "and the film withholds them for as long as it can."
        ),
        "spoilers": (
            "The science officer, Ash, turns out to be an android with orders to "
            "bring the creature home at any cost. Ripley, the last survivor, blows "
            "up the ship, finds the alien aboard the shuttle with her, and gets rid "
            "of it with the airlock and the engines."
        ),
        "complexity": (
            1,
            "A simple, tightly built story; its demands are on your nerves, not "
            "your attention.",
        ),
        "advisory": {
            "summary": "Contains: intense horror and gore",
            "minimum_age": 15,
            "violence": (
                "severe",
                "A creature bursts from a man's chest; several violent deaths.",
            ),
            "sex": ("mild", "Sexual imagery in the creature design."),
            "language": ("moderate", "Some strong language."),
            "substances": ("mild", "Smoking."),
            "frightening": ("severe", "Sustained suspense and sudden shocks."),
        },
        "faq": [
            (
                "Who designed the creature in Alien?",
                "The Swiss artist H. R. Giger. He shared the Academy Award for Best "
                "Visual Effects with the film's effects team.",
            ),
            (
                "Which version of Alien should I watch?",
                "The 1979 theatrical cut. Ridley Scott has said it remains the "
                "version he prefers to the 2003 Director's Cut.",
            ),
            (
                "Do I need to see other films first?",
                "No. *Alien* came first; the sequels and prequels all follow from it.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Alien won the Academy Award for Best Visual Effects.",
                "verification": "verified",
                "sources": [wiki("52nd Academy Awards", "52nd_Academy_Awards")],
            },
            {
                "kind": "production",
                "text": "The story is by Dan O'Bannon and Ronald Shusett, and the "
                "screenplay is credited to O'Bannon.",
                "verification": "verified",
                "sources": [wiki("Alien (film)", "Alien_(film)")],
            },
            {
                "kind": "production",
                "text": "Most of the cast did not know exactly how the chest-burster "
                "scene would play, so some of the shock on screen is real.",
                "verification": "unverified",
                "sources": [wiki("Alien (film)", "Alien_(film)")],
            },
        ],
    },
    {
        "wikidata": "Q132689",
        "slug": "casablanca-1942",
        "expertise": "classic Hollywood",
        "tagline": "A nightclub at the edge of the war, where every table hides "
        "someone waiting for a way out.",
        "synopsis": (
            "December 1941. In Casablanca, under the control of Vichy France, "
            "refugees wait for the exit visas that could take them to Lisbon and on "
            "to America. Rick Blaine, the American who runs the busiest café in "
            "town and takes no one's side, comes into two priceless letters of "
            "transit on the night the woman who left him in Paris walks in with her "
            "husband, a leader of the Resistance."
        ),
        "analysis": (
            "It was made quickly, as one studio picture among many, and it became a "
            "myth. Much of its warmth comes from the supporting cast of émigrés, "
            "many of them real refugees from Europe, and from Humphrey Bogart's "
            "wounded cynicism, which the film slowly turns inside out."
        ),
        "spoilers": (
            "At the airport Rick puts Ilsa on the plane with Laszlo, shoots Major "
            "Strasser, and walks off into the fog with Captain Renault, who has "
            "just covered for him."
        ),
        "complexity": (
            1,
            "A clear, well-paced story; the politics of 1941 are explained as it goes.",
        ),
        "advisory": {
            "summary": "Suitable for most ages: wartime peril",
            "minimum_age": 10,
            "violence": ("mild", "Gunshots, an arrest and one shooting at the end."),
            "sex": ("mild", "A romance with an implied affair."),
            "language": ("none", ""),
            "substances": ("moderate", "Heavy drinking and constant smoking."),
            "frightening": ("mild", "Refugees in danger under a wartime regime."),
        },
        "faq": [
            (
                "Who wrote Casablanca?",
                "Julius and Philip Epstein and Howard Koch, adapting an unproduced "
                "play, *Everybody Comes to Rick's*, by Murray Burnett and Joan "
                "Alison.",
            ),
            (
                "Does anyone say 'Play it again, Sam'?",
                "No. Ilsa asks Sam to play *As Time Goes By*, and Rick later asks "
                "him to play it, but the line as usually quoted is never spoken.",
            ),
            (
                "Was Casablanca a success when it came out?",
                "Yes. It opened in New York weeks after the Allied landings in North "
                "Africa put the city in the news, did well in cinemas and won Best "
                "Picture.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "Casablanca won Best Picture, Best Director and Best "
                "Screenplay at the 16th Academy Awards.",
                "verification": "verified",
                "sources": [wiki("16th Academy Awards", "16th_Academy_Awards")],
            },
            {
                "kind": "production",
                "text": "The film is based on the unproduced play Everybody Comes to "
                "Rick's.",
                "verification": "verified",
                "sources": [wiki("Casablanca (film)", "Casablanca_(film)")],
            },
            {
                "kind": "trivia",
                "text": "The line 'Play it again, Sam' is never spoken in the film.",
                "verification": "verified",
                "sources": [wiki("Casablanca (film)", "Casablanca_(film)")],
            },
        ],
    },
    {
        "wikidata": "Q202548",
        "slug": "vertigo-1958",
        "expertise": "classic Hollywood",
        "tagline": "A detective afraid of heights falls, in every other sense, for "
        "the woman he is paid to follow.",
        "synopsis": (
            "Scottie Ferguson has left the San Francisco police after his fear of "
            "heights cost a colleague his life. An old acquaintance asks him to "
            "follow his wife, Madeleine, who he believes is possessed by the spirit "
            "of a dead woman. Scottie follows her across the city, and then into an "
            "obsession."
        ),
        "analysis": (
            "Alfred Hitchcock's most personal film is a thriller only on the "
            "surface. Underneath it is a study of a man trying to remake a woman "
            "into an image, shot in the saturated colours of San Francisco and "
            "carried by Bernard Herrmann's circling, hypnotic score. The dizzying "
            "camera effect it introduced has been copied ever since."
        ),
        "spoilers": (
            "Hitchcock gives the secret away two-thirds of the way through: Judy, "
            "the shop girl Scottie meets, was Madeleine all along, hired to play her "
            "in a murder plot. From then on we watch Scottie reshape her with full "
            "knowledge of what he is doing to her, up to the return to the bell "
            "tower."
        ),
        "complexity": (
            3,
            "A turn two-thirds of the way through changes what the story is about; "
            "patience with the slow first half pays off.",
        ),
        "advisory": {
            "summary": "Contains: mature themes",
            "minimum_age": 12,
            "violence": ("mild", "Falls from a height, not graphic."),
            "sex": ("mild", "Romantic scenes; no nudity."),
            "language": ("none", ""),
            "substances": ("mild", "Drinking."),
            "frightening": (
                "moderate",
                "Dizzying sequences, a nightmare and suicidal themes.",
            ),
        },
        "faq": [
            (
                "What is the 'Vertigo shot'?",
                "A camera move that zooms in while the camera pulls back, or the "
                "reverse, so the background seems to stretch while the subject "
                "stays the same size. Hitchcock used it to show Scottie's fear of "
                "heights.",
            ),
            (
                "Was Vertigo a success?",
                "Not at first: reviews were mixed and the box office modest. Its "
                "reputation grew over decades, and in 2012 it topped the Sight and "
                "Sound critics' poll.",
            ),
            (
                "Is Vertigo based on a novel?",
                "Yes, on the French novel *D'entre les morts* by Pierre Boileau and "
                "Thomas Narcejac.",
            ),
        ],
        "claims": [
            {
                "kind": "trivia",
                "text": "In the 2012 Sight and Sound critics' poll, Vertigo replaced "
                "Citizen Kane at the top of the list.",
                "verification": "verified",
                "sources": [
                    wiki(
                        "The Sight and Sound Greatest Films of All Time 2012",
                        "The_Sight_and_Sound_Greatest_Films_of_All_Time_2012",
                    )
                ],
            },
            {
                "kind": "production",
                "text": "The film adapts D'entre les morts, a novel by Pierre "
                "Boileau and Thomas Narcejac.",
                "verification": "verified",
                "sources": [wiki("Vertigo (film)", "Vertigo_(film)")],
            },
            {
                "kind": "production",
                "text": "Bernard Herrmann composed the score.",
                "verification": "verified",
                "sources": [wiki("Vertigo (film)", "Vertigo_(film)")],
            },
        ],
    },
]


COLLECTIONS: list[dict[str, Any]] = [
    {
        "slug": "crime-cinema-the-essentials",
        "title": "Crime cinema: the essentials",
        "expertise": "crime cinema",
        "featured": True,
        "introduction": (
            "Ten films, in the order they were made, that show how the crime film "
            "changed across sixty years: from the shadows of 1940s noir to "
            "sun-bleached conspiracies, family sagas, and the long nights of Michael "
            "Mann's Los Angeles.\n\n"
            "None of them is only about who did it. Each asks what the work does to "
            "the people who do it, on either side of the law."
        ),
        "items": [
            (
                "Q478209",
                "double-indemnity-1944",
                "The template: an insurance man, a client's wife and a perfect plan "
                "that is not.",
            ),
            (
                "Q47703",
                "the-godfather-1972",
                "The crime film as a family saga, and the model for every one since.",
            ),
            (
                "Q644987",
                "chinatown-1974",
                "Noir in daylight: the crime is who owns the water.",
            ),
            (
                "Q42047",
                "goodfellas-1990",
                "The gangster life from the inside, at the speed it felt to live it.",
            ),
            (
                "Q133654",
                "the-silence-of-the-lambs-1991",
                "A procedural that borrows the tools of horror.",
            ),
            (
                "Q104123",
                "pulp-fiction-1994",
                "Talk, then violence, in an order of its own.",
            ),
            (
                "Q42198",
                "heat-1995",
                "Two professionals on either side of the law, and a city between them.",
            ),
            (
                "Q222720",
                "fargo-1996",
                "Crime as a comedy of errors, with a detective you will not forget.",
            ),
            (
                "Q339876",
                "la-confidential-1997",
                "Three policemen, one scandal, and the rot under 1950s Los Angeles.",
            ),
            (
                "Q110203",
                "collateral-2004",
                "Mann again: one night, one taxi, and an argument about how to live.",
            ),
        ],
    },
    {
        "slug": "first-classics",
        "title": "First classics: where to start",
        "expertise": "classic Hollywood",
        "featured": False,
        "introduction": (
            "If black and white or an old soundtrack has kept you away from older "
            "films, start here. These are classics that still play like new: clear "
            "stories, great faces, and endings people still argue about.\n\n"
            "Watch them in any order; we suggest this one."
        ),
        "items": [
            (
                "Q132689",
                "casablanca-1942",
                "The easiest way in: romance, war and wit in under two hours.",
            ),
            (
                "Q478209",
                "double-indemnity-1944",
                "The crime story every later thriller borrowed from.",
            ),
            (
                "Q271830",
                "the-third-man-1949",
                "Post-war Vienna, a missing friend, and a famous entrance.",
            ),
            (
                "Q135465",
                "rashomon-1950",
                "One crime, four witnesses, four different truths.",
            ),
            (
                "Q202548",
                "vertigo-1958",
                "Hitchcock at his strangest, and the critics' favourite.",
            ),
            (
                "Q47703",
                "the-godfather-1972",
                "Three hours that pass faster than most films half as long.",
            ),
            (
                "Q644987",
                "chinatown-1974",
                "A detective story with an ending that still stings.",
            ),
            (
                "Q103569",
                "alien-1979",
                "Proof that a monster movie can be a classic too.",
            ),
        ],
    },
]


CONFLICTS: list[dict[str, Any]] = [
    {
        "film": ("Q42198", "heat-1995"),
        "subject": "Spelling of the detective's surname",
        "options": [
            {"value": "Hanna", "origin": "The film's end credits"},
            {"value": "Hannah", "origin": "Several online plot summaries"},
        ],
        "resolve": {
            "chosen": "Hanna",
            "note": "The credits spell it Hanna; the other spelling is a common "
            "slip in plot summaries.",
        },
    },
    {
        "film": ("Q42198", "heat-1995"),
        "subject": "The first film to feature both Al Pacino and Robert De Niro",
        "options": [
            {
                "value": "Heat (1995)",
                "origin": "Claim on this page",
                "claim_key": "first-together",
            },
            {
                "value": "The Godfather Part II (1974)",
                "origin": "Cast list of The Godfather Part II",
            },
        ],
        "resolve": {
            "chosen": "The Godfather Part II (1974)",
            "note": "Both actors are in The Godfather Part II but never meet on "
            "screen there; Heat is the first film in which they share scenes.",
        },
    },
    {
        "film": ("Q132689", "casablanca-1942"),
        "subject": "Release date of Casablanca",
        "options": [
            {"value": "26 November 1942", "origin": "New York premiere"},
            {
                "value": "23 January 1943",
                "origin": "General release in the United States",
            },
        ],
        "resolve": None,
    },
]
