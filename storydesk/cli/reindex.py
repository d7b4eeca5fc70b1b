"""Re-index the answers another sentence engine embedded, after STORYDESK_EMBEDDER changed."""
from storydesk.actions.similarity import reindex_answers
from storydesk.screening.ml.embeddings import embedder

HELP = "embed again the answers another sentence engine indexed (after STORYDESK_EMBEDDER changed)"


def add_arguments(parser) -> None:
    pass


def handle(args) -> int:
    done = 0
    for done in reindex_answers():
        print(f"\r{done} answers re-indexed", end="", flush=True)
    print(f"\r{done} answers re-indexed with {embedder().name}")
    return 0
