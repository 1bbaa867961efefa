"""Adapters: everything that touches the outside world. The core never imports them."""
