"""What a download's body is, whether the file was streamed from storage or generated in memory."""


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
