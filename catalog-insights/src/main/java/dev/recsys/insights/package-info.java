/**
 * The catalog questions TMDB metadata answers: releases per month and weekday, and the money of
 * collections, production companies and countries, and of single movies. Read-only, public.
 */
package dev.recsys.insights;
