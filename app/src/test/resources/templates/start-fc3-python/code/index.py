# -*- coding: utf-8 -*-
# An FC 3 event function in the shape of the start-fc3-python starter: it logs the event through the root logger
# and returns it unchanged.
import logging


def handler(event, context):
    logging.getLogger().info('event for %s: %s', context.function.name, event.decode('utf-8'))
    return event
