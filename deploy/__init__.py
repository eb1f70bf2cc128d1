"""Serving the atlas to more people than one Streamlit process can carry.

One Streamlit server runs every session's script in one Python process, so one GIL and one
core; a booth or a lab needs several. Streamlit keeps each session in the memory of the
process that opened it, which makes a plain round-robin proxy break the app: the websocket,
the uploads and the media of one browser must all reach the worker that holds its session.
``python -m deploy`` starts the workers and an nginx that pins each browser to one of them.
"""
