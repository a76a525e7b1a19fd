from django.contrib import admin

from laksa.catalog.models import Category, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "group", "agency", "emergency", "public", "active"]
    list_filter = ["group", "emergency", "public", "active", "jurisdiction"]
    search_fields = ["code", "name_id", "name_en", "keywords"]
    filter_horizontal = ["support_agencies"]
    inlines = [QuestionInline]
